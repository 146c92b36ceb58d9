import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { alertsStorageKey } from '../features/queue/hooks/use-p1-alerts';
import { renderWithProviders } from '../test/render';
import { AntdProvider } from './AntdProvider';
import { P1AlertsNotice, P1AlertsProvider } from './P1Alerts';

/**
 * The browser's Web Audio context as Chromium has it after a reload: `suspended` by the autoplay
 * rule until a click resumes it, which it reports with a `statechange` event once running.
 */
class SuspendedAudioContext extends EventTarget {
  static instances: SuspendedAudioContext[] = [];
  state: AudioContextState = 'suspended';
  resumeCalls = 0;

  constructor() {
    super();
    SuspendedAudioContext.instances.push(this);
  }

  resume(): Promise<void> {
    this.resumeCalls += 1;
    return Promise.resolve().then(() => {
      this.state = 'running';
      this.dispatchEvent(new Event('statechange'));
    });
  }
}

const USER_ID = '00000000-0000-4000-8000-000000000001';
const original = window.AudioContext;

beforeAll(() => {
  window.AudioContext = SuspendedAudioContext as unknown as typeof AudioContext;
});
afterAll(() => {
  window.AudioContext = original;
  localStorage.removeItem(alertsStorageKey(USER_ID));
});

describe('P1 alerts after a reload', () => {
  it('offers 重新开启提示音 while the browser holds the sound, and one click brings it back', async () => {
    // The operator turned alerts on before the reload.
    localStorage.setItem(alertsStorageKey(USER_ID), 'on');
    renderWithProviders(
      <AntdProvider>
        <P1AlertsProvider userId={USER_ID}>
          <P1AlertsNotice />
        </P1AlertsProvider>
      </AntdProvider>,
      { language: 'zh-CN' },
    );

    expect(screen.getByText('P1 提醒已开启，但页面重新加载后浏览器已将提示音静音。')).toBeTruthy();
    expect(screen.queryByText('P1 提醒已关闭')).toBeNull();
    const context = SuspendedAudioContext.instances[0]!;
    // Nothing tries to start the sound before the operator's click.
    expect(context.resumeCalls).toBe(0);

    await userEvent.click(screen.getByRole('button', { name: '重新开启提示音' }));
    expect(context.resumeCalls).toBe(1);
    // Once the browser says the context runs, the notice goes.
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: '重新开启提示音' })).toBeNull(),
    );
    expect(screen.queryByText('P1 提醒已关闭')).toBeNull();
    expect(SuspendedAudioContext.instances).toHaveLength(1);
  });
});
