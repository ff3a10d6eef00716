// Why a registration can be rejected (shown to reviewers and to the person, translated).
export const REJECTION_REASONS = [
  'not_immigrant',
  'under_age',
  'not_resident',
  'document_unreadable',
  'document_invalid',
  'duplicate',
  'other',
] as const
