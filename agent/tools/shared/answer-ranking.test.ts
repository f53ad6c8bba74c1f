import { describe, it, expect } from 'vitest';
import { rankAnswers } from './answer-ranking.js';
import type { TopicGroup } from './hybrid-search.js';

const word = (text: string): TopicGroup => ({ text, forms: [text] });
const term = (text: string, ...forms: string[]): TopicGroup => ({ text, forms: [text, ...forms], term: true });

describe('rankAnswers', () => {
  it('lets meaning beat a shared word of another sense', () => {
    // "who's into board games?": "the board of a food bank" has the word, "chess league and Catan" the meaning
    const ranked = rankAnswers([
      { documentId: 'board', covered: [true, false], similarity: 0.12 },
      { documentId: 'catan', covered: [false, false], similarity: 0.52 },
    ], [word('board'), word('games')]);
    expect(ranked.map((r) => [r.documentId, r.relevance])).toEqual([['catan', 'answer'], ['board', 'mention']]);
  });

  it('lets a known term in another form beat a closer vector', () => {
    // "which of the jobs lets me WFH?": "fully remote" is a form of the term; the office job is closer by the encoder
    const ranked = rankAnswers([
      { documentId: 'office', covered: [false], similarity: 0.33 },
      { documentId: 'remote', covered: [true], similarity: 0.2 },
    ], [term('WFH', 'remote', 'work from home')]);
    expect(ranked[0]).toMatchObject({ documentId: 'remote', relevance: 'answer' });
    expect(ranked[1].relevance).toBe('weak');
  });

  it('names only the nearest, not as an answer, when nothing is clearly ahead', () => {
    const ranked = rankAnswers([
      { documentId: 'a', covered: [false], similarity: 0.31 },
      { documentId: 'b', covered: [false], similarity: 0.29 },
    ], [word('runner')]);
    expect(ranked.map((r) => r.relevance)).toEqual(['weak', 'weak']);
    const partial = rankAnswers([
      { documentId: 'a', covered: [true, false, false], similarity: 0.317 },
      { documentId: 'b', covered: [false, true, false], similarity: 0.316 },
    ], [word('teaches'), word('classes'), word('side')]);
    expect(partial.map((r) => r.relevance)).toEqual(['mention', 'weak']);
  });

  it('keeps several answers that each cover the topic and are as close', () => {
    const ranked = rankAnswers([
      { documentId: 'a', covered: [true], similarity: 0.45 },
      { documentId: 'b', covered: [true], similarity: 0.4 },
      { documentId: 'c', covered: [true], similarity: 0.2 },
      { documentId: 'd', covered: [false], similarity: 0.3 },
    ], [term('k8s', 'Kubernetes')]);
    expect(ranked.map((r) => [r.documentId, r.relevance])).toEqual([['a', 'answer'], ['b', 'answer'], ['c', 'mention'], ['d', 'weak']]);
  });
});
