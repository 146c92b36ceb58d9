export { TwilioSimulator, CallHandle, type SimulatorOptions } from './simulator.js';
export type { SmsResult } from './messaging.js';
export type {
  CallActivity,
  CallEvent,
  CallScript,
  HeardEntry,
  PhoneBehaviour,
  SimCall,
  SimConference,
  SimMessage,
  SimParticipant,
  SimQueue,
  SimRecording,
} from './types.js';
export type { SimulatorFaults, WebhookLogEntry } from './webhooks.js';
export { viewCall, viewMessage, type SimCallView, type SimMessageView } from './control-api.js';
export { parseTwiml, type TwimlNode } from './twiml-parser.js';
export {
  SIMULATOR_STATE_FILE,
  readSimulatorState,
  simulatorStatePath,
  type SimulatorState,
} from './state-file.js';
