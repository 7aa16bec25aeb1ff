// dcmjs ships no type declarations; we use only its data dictionary.
declare module 'dcmjs' {
  export const data: {
    DicomMetaDictionary: {
      dictionary: Record<string, { tag: string; vr: string; vm: string; name: string } | undefined>;
      nameMap: Record<string, { tag: string; vr: string; vm: string; name: string } | undefined>;
    };
  };
}
