import { describe, it, expect } from 'vitest';
import { queryForEmbedding, queryTerms, withoutTerms } from './query-expansion.js';

describe('query expansion from the skill vocabulary', () => {
  it('gives an abbreviation its written-out names, and the other way round', () => {
    const [k8s] = queryTerms('moving our k8s workloads');
    expect(k8s).toMatchObject({ text: 'k8s' });
    expect(k8s.alternatives).toContain('Kubernetes');
    const [gcp] = queryTerms('who works on Google Cloud');
    expect(gcp.alternatives.map((a) => a.toLowerCase())).toContain('gcp');
  });

  it('leaves ordinary words alone and keeps what is not a known term for full-text search', () => {
    expect(queryTerms('coffee with Priya about her move')).toEqual([]);
    const q = 'k8s migration at Stripe';
    expect(withoutTerms(q, queryTerms(q))).toBe('migration at Stripe');
  });

  it('names the terms for the sentence encoder, and changes nothing when there are none', () => {
    expect(queryForEmbedding('JS performance')).toBe('JS performance (JavaScript)');
    expect(queryForEmbedding('fundraising')).toBe('fundraising');
  });
});
