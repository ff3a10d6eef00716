// Why a submission goes back to its translator without a reviewer's note (ADR 028). Shared by the
// server and the editor page, so it lives outside the *.server.ts modules the browser never gets.
export const RETURN_REASONS = ['original_changed', 'too_long', 'not_available', 'translator_removed'] as const
export type ReturnReason = (typeof RETURN_REASONS)[number]
