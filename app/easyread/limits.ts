// Limits the review page's browser form and the server share (a *.server.ts value is undefined in
// the browser bundle).
export const MAX_REVIEW_NOTE_LENGTH = 2_000
