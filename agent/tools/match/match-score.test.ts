import { describe, it, expect } from 'vitest';
import { createSkillMatcher, defaultSkillMatcher } from '../shared/find-skills.js';
import { extractRequirements, resumeYears } from './requirements.js';
import { computeMatch } from './match-score.js';
import { missingPhrases } from './phrases.js';

const m = defaultSkillMatcher();
const skills = (text: string) => [...new Set(m.find(text).map((h) => h.skill))];

describe('skill vocabulary', () => {
  it('reads synonyms and abbreviations as one skill', () => {
    expect(skills('k8s, Kubernetes and kube')).toEqual(['Kubernetes']);
    expect(skills('JS / ECMAScript')).toEqual(['JavaScript']);
    expect(skills('Postgres or PostgreSQL')).toEqual(['PostgreSQL']);
    expect(skills('ML models')).toEqual(['Machine learning']);
    expect(skills('CI/CD with GitHub Actions')).toEqual(['CI/CD', 'GitHub Actions']);
    expect(skills('REST APIs, gRPC')).toEqual(['REST APIs', 'gRPC']);
    expect(skills('Certified Kubernetes Administrator (CKA)')).toEqual(['CKA']);
  });

  it('does not take ordinary words for skills', () => {
    expect(skills('we go to the office and rest on Fridays')).toEqual([]);
    expect(skills('R&D budget, C-level')).toEqual([]);
    expect(skills('Strong Go and R')).toEqual(['Go', 'R']);
    expect(skills('React Native apps')).toEqual(['React Native']);
  });

  it('a skill implies others on the résumé side only', () => {
    expect([...m.withImplied(['EKS'])].sort()).toEqual(['AWS', 'Docker', 'EKS', 'Kubernetes']);
    const tiny = createSkillMatcher([{ name: 'Foo', category: 'tool', aliases: ['foo db'] }]);
    expect(tiny.find('a Foo DB here').map((h) => h.skill)).toEqual(['Foo']);
  });
});

const JOB = `We build payments infrastructure.
Requirements:
- 5+ years of backend experience
- Strong Go or Java
- PostgreSQL and Kafka
- Kubernetes (k8s)
Nice to have:
- Terraform`;

describe('requirements of a job description', () => {
  it('weighs requirements above nice-to-haves, groups alternatives, reads the years', () => {
    const job = extractRequirements(JOB, m, 'Senior Backend Engineer');
    const by = new Map(job.requirements.map((r) => [r.label, r]));
    expect(by.get('Go or Java')!.section).toBe('required');
    expect(by.get('PostgreSQL')!.weight).toBe(1);
    expect(by.get('Kafka')!.section).toBe('required');
    expect(by.get('Kubernetes')!.mentions).toHaveLength(1);
    expect(by.get('Terraform')!.section).toBe('preferred');
    expect(by.get('Terraform')!.weight).toBe(0.35);
    expect(by.get('Payments')!.section).toBe('general');
    expect(job.years).toBe(5);
    expect(job.level).toBe('Senior');
  });

  it('reads the years a résumé covers', () => {
    expect(resumeYears('Engineer, Acme (2017–2021)\nLead, Beta (2021–present)', new Date('2026-11-25'))).toBe(9);
    expect(resumeYears('Backend engineer with 7 years of experience', new Date('2026-11-25'))).toBe(7);
    expect(resumeYears('No dates here', new Date('2026-11-25'))).toBeNull();
  });
});

describe('the match score', () => {
  const cv = 'Senior engineer, 2018–present. Golang services on k8s, Postgres, Redis.';
  it('finds the matched and missing skills and weighs the parts', () => {
    const e = computeMatch({ resumeText: cv, description: JOB, title: 'Senior Backend Engineer', now: new Date('2026-11-25'), semantic: null }, m);
    expect(e.skills.found.map((f) => f.skill)).toEqual(expect.arrayContaining(['Go', 'PostgreSQL', 'Kubernetes']));
    expect(e.skills.missing.map((f) => f.skill)).toEqual(expect.arrayContaining(['Kafka', 'Terraform', 'Payments']));
    const total = e.skills.found.concat(e.skills.missing).reduce((a, r) => a + r.weight, 0);
    const got = e.skills.found.reduce((a, r) => a + r.weight, 0);
    expect(e.skills.score).toBeCloseTo(got / total, 3);
    expect(e.seniority.score).toBe(1);
    expect(e.score).toBeCloseTo((0.6 * e.skills.score! + 0.1 * 1) / 0.7, 3);
    expect(e.semantic).toBeNull();
    expect(e.based_on).toContain('no semantic similarity');
  });

  it('adds the semantic similarity, rescaled, when there is one', () => {
    const e = computeMatch({ resumeText: cv, description: JOB, title: null, now: new Date('2026-11-25'), semantic: { similarity: 0.45, embedder: 'test' } }, m);
    expect(e.semantic).toEqual({ similarity: 0.45, score: 0.5, embedder: 'test' });
  });

  it('says so when it can read nothing of the description', () => {
    const e = computeMatch({ resumeText: cv, description: 'A wonderful opportunity with a great team.', now: new Date(), semantic: null }, m);
    expect(e.score).toBe(0);
    expect(e.confidence).toBe('low');
    expect(e.summary).toContain('no known skills');
  });

  it('lists phrases the résumé never uses, repeated ones first', () => {
    const p = missingPhrases('Own the developer platform.\nGrow the developer platform and payment infrastructure.', 'I built payment infrastructure.', 5);
    expect(p[0]).toMatchObject({ phrase: 'developer platform', count: 2 });
    expect(p.map((x) => x.phrase)).not.toContain('payment infrastructure');
  });
});
