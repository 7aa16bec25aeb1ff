export * from './header';
export * from './write-dicom';
