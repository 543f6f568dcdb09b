export { type EngineRequest, type RecordingProxy, recordingProxy } from './recording-proxy.js';
