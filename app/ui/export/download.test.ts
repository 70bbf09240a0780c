/** Export file names stay safe whatever the scenario is called. */
import { describe, expect, it } from 'vitest';
import { exportName } from './download';

describe('exportName', () => {
  it('names a step export', () => {
    expect(exportName('canal-nodeport', 'client-to-nodeport', 13, 'svg')).toBe('canal-nodeport-client-to-nodeport-step-14.svg');
  });
  it('strips unsafe characters', () => {
    expect(exportName('../../etc/<x>', '', 0, 'png')).toBe('..-..-etc-x-packetwalk-step-1.png');
  });
});
