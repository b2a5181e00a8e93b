// The capture-file layer's public surface.

export type { CaptureInterface, CaptureProblem, CaptureRecord, CaptureSink } from './types.js';
export { MAX_RECORD_BYTES } from './types.js';
export { CaptureParser, openCaptureInput, readCaptureFile, readCaptureStream, READ_CHUNK_BYTES } from './reader.js';
export {
  PcapngWriter, type PcapngInterfaceSpec, type PcapngOutput, type PcapngPacket, type PcapngWriterOptions,
} from './writer.js';
