// Shared by the candidacy form (browser) and its schema and domain code (server), issue #17.

/**
 * The candidacy form's kinds: the segment decides which one is right (A immigrant organisations,
 * B supporting organisations, C and the Participatory Councils individuals); the domain refuses a
 * mismatch with `wrong_segment`.
 */
export const APPLY_KINDS = ['person', 'immigrant_organisation', 'supporting_organisation'] as const
/** A segment B representative may be Brazilian: Brazilian documents come first. */
export const REPRESENTATIVE_DOCUMENT_TYPES = [
  'rg',
  'cpf',
  'crnm',
  'rne',
  'passport',
  'national_id',
  'other',
] as const
/** How many proof files one candidacy may attach (each up to the upload limit). */
export const MAX_PROOF_FILES = 5
