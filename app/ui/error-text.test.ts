/** The translated error words: ICMP names with type/code/MTU, errno with strerror, in en and zh. */
import { describe, expect, it } from 'vitest';
import { initI18n, loadLanguage } from '../i18n';
import { errorStory } from '../store';
import { errorTrace } from '../store/test/error-trace';
import { answerText, appSeesText } from './error-text';
import { outcomeText } from './outcome-text';

describe('error words', () => {
  it('name the answer and what the application sees, in English', () => {
    const i = initI18n('en');
    void i.changeLanguage('en');
    const t = i.t;
    expect(answerText(t, { kind: 'icmp', type: 3, code: 4, mtu: 1450 })).toBe('ICMP fragmentation needed (MTU 1450) (type 3, code 4)');
    expect(answerText(t, { kind: 'tcp-reset' })).toBe('TCP RST');
    const trace = errorTrace();
    const story = errorStory(trace)!;
    expect(appSeesText(t, story.app!)).toBe('The application sees ECONNREFUSED “Connection refused”.');
    expect(outcomeText(t, 'error', trace.outcome.error!, story.answer)).toBe('The ICMP port unreachable (type 3, code 3) reached the sender at client/eth0: 192.168.1.2 → 10.244.1.5 icmp');
    expect(appSeesText(t, { kind: 'waits', why: 'lost' })).toMatch(/waits until it times out/);
  });
  it('and in Chinese, once its words have arrived', async () => {
    const i = initI18n('zh');
    await loadLanguage(i, 'zh');
    void i.changeLanguage('zh');
    expect(answerText(i.t, { kind: 'icmp', type: 3, code: 3 })).toBe('ICMP 端口不可达（类型 3，代码 3）');
    expect(appSeesText(i.t, { kind: 'errno', errno: 'EHOSTUNREACH', text: 'No route to host', atOnce: false })).toBe('应用程序收到 EHOSTUNREACH “No route to host”。');
    void i.changeLanguage('en');
  });
});
