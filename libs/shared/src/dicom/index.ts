export * from './header';
export * from './write-dicom';
export * from './charset';
export * from './dicom-json';
export * from './pixel-frames';
export * from './qido-attributes';
export * from './dimse';
