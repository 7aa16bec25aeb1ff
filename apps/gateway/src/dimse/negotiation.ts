import {
  DIMSE_STORAGE_SOP_CLASSES,
  DIMSE_TRANSFER_SYNTAXES,
  IMPLICIT_VR_LE,
  MODALITY_WORKLIST_FIND,
  VERIFICATION_SOP_CLASS,
} from '@app/shared';

export interface ProposedContext {
  id: number;
  abstractSyntax: string;
  transferSyntaxes: string[];
}

/** PS3.8 9.3.3.2: 0 acceptance, 3 abstract syntax not supported, 4 transfer syntaxes not supported. */
export type ContextDecision =
  | { id: number; result: 'accept'; transferSyntax: string }
  | { id: number; result: 'abstract-syntax-not-supported' | 'transfer-syntaxes-not-supported' };

const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';

/**
 * Which presentation contexts we accept and in which transfer syntax: Verification in the
 * default syntax, the Modality Worklist in little endian, our storage classes in the first syntax the modality proposed that the intake
 * stores as it is (the proposer lists its preference first, PS3.8 9.3.2.2), except that the
 * retired big-endian syntax comes last: dcmtk offers it before implicit little endian, and the
 * waveform decoder reads little-endian only. No transcoding on our side.
 */
export function negotiate(proposals: ProposedContext[]): ContextDecision[] {
  return proposals.map(({ id, abstractSyntax, transferSyntaxes }) => {
    if (abstractSyntax === VERIFICATION_SOP_CLASS)
      return transferSyntaxes.includes(IMPLICIT_VR_LE)
        ? { id, result: 'accept', transferSyntax: IMPLICIT_VR_LE }
        : { id, result: 'transfer-syntaxes-not-supported' };
    // Worklist answers are encoded by us (dataset-encoding.ts), in little endian only.
    if (abstractSyntax === MODALITY_WORKLIST_FIND) {
      const ts = transferSyntaxes.find((t) => t === EXPLICIT_VR_LE || t === IMPLICIT_VR_LE);
      return ts
        ? { id, result: 'accept', transferSyntax: ts }
        : { id, result: 'transfer-syntaxes-not-supported' };
    }
    if (!(abstractSyntax in DIMSE_STORAGE_SOP_CLASSES))
      return { id, result: 'abstract-syntax-not-supported' };
    const stored = transferSyntaxes.filter((ts) => ts in DIMSE_TRANSFER_SYNTAXES);
    const chosen = stored.find((ts) => ts !== BIG_ENDIAN) ?? stored[0];
    return chosen
      ? { id, result: 'accept', transferSyntax: chosen }
      : { id, result: 'transfer-syntaxes-not-supported' };
  });
}
