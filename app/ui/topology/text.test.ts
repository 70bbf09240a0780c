/** Text wrapping and width estimates of the topology layout. */
import { describe, expect, it } from 'vitest';
import { monoWidth, sansWidth, wrap } from './text';

describe('wrap', () => {
  it('breaks at spaces within the limit', () => {
    expect(wrap('ghost-55669748d5-txmpg (10.244.1.5)', 30, 3)).toEqual(['ghost-55669748d5-txmpg', '(10.244.1.5)']);
  });
  it('breaks a long name after a hyphen', () => {
    expect(wrap('demo-deployment-6cbdbd86d5-nm467 (10.244.38.174)', 30, 3)).toEqual(['demo-deployment-6cbdbd86d5-', 'nm467 (10.244.38.174)']);
  });
  it('ends with an ellipsis when lines run out', () => {
    const lines = wrap('a b c d e f g h i j', 3, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
  });
});

describe('width estimates', () => {
  it('grow with the text and the font', () => {
    expect(monoWidth('eth0')).toBeLessThan(monoWidth('calif0e9df43659'));
    expect(sansWidth('abc', 11)).toBeLessThan(sansWidth('abc', 14));
    expect(sansWidth('abc', 13, true)).toBeGreaterThan(sansWidth('abc', 13));
  });
});
