import type { Call, Device } from '@twilio/voice-sdk';
import type { TwilioDeviceFactory, TwilioIncomingCall, TwilioVoiceDevice } from './softphone';
import { SoftphoneUnavailableError } from './softphone';

/** The SDK's `Call` as the softphone sees it (parameters read live: the SDK fills them in). */
function adaptCall(call: Call): TwilioIncomingCall {
  return {
    get parameters() {
      return call.parameters;
    },
    get customParameters() {
      return call.customParameters;
    },
    accept: () => call.accept(),
    reject: () => call.reject(),
    on: (event: string, listener: (error: Error) => void) => call.on(event, listener),
    disconnect: () => call.disconnect(),
  };
}

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
      connect: async (options) => adaptCall(await device.connect(options)),
      register: () => device.register(),
      unregister: () => device.unregister(),
      updateToken: (next) => device.updateToken(next),
      on: (event: string, listener: (arg: never) => void) => {
        const forward = listener as (arg: unknown) => void;
        return device.on(
          event,
          event === 'incoming' ? (call: Call) => forward(adaptCall(call)) : forward,
        );
      },
      destroy: () => device.destroy(),
    };
    return adapter;
  };
}
