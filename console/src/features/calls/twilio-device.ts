import type { Device } from '@twilio/voice-sdk';
import type { TwilioDeviceFactory, TwilioVoiceDevice } from './softphone';
import { SoftphoneUnavailableError } from './softphone';

/**
 * The production loader: imports `@twilio/voice-sdk` on demand (its own chunk, fetched only when
 * the backend hands out a Twilio token) and builds a `Device` per token. Twilio's SDK needs a
 * browser with WebRTC; an unsupported browser or a chunk that fails to load is reported as
 * SoftphoneUnavailableError, and the console goes on without audio.
 */
export async function loadTwilioVoice(): Promise<TwilioDeviceFactory> {
  let DeviceClass: typeof Device;
  try {
    DeviceClass = (await import('@twilio/voice-sdk')).Device;
  } catch (error) {
    throw new SoftphoneUnavailableError(`it did not load (${(error as Error).message})`);
  }
  if (!DeviceClass.isSupported)
    throw new SoftphoneUnavailableError('this browser does not support it');
  return (token) => {
    const device = new DeviceClass(token, { closeProtection: true });
    const adapter: TwilioVoiceDevice = {
      connect: async (options) => {
        const call = await device.connect(options);
        return {
          on: (event: string, listener: (error: Error) => void) => call.on(event, listener),
          disconnect: () => call.disconnect(),
        };
      },
      updateToken: (next) => device.updateToken(next),
      on: (event: string, listener: (error: Error) => void) => device.on(event, listener),
      destroy: () => device.destroy(),
    };
    return adapter;
  };
}
