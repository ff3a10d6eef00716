import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'

// What a translatable field is (ADR 027). Features describe theirs in
// app/<feature>/translatable.server.ts; app/translations/registry.server.ts gathers them.

/** Reach orders the queue: what people can act on now first. */
export const REACH = { openNow: 0, current: 1, archive: 2 } as const
export type Reach = (typeof REACH)[keyof typeof REACH]

export type TranslatableRow = {
  id: string
  /** the stored JSON column (see app/i18n/content.ts) */
  stored: string | null
  reach: Reach
  /** where readers see this text (for the editor's context link) */
  href: string
  /** a short context for the translator, in the original's words (e.g. the action's code) */
  context?: string
}

export type TranslatableField = {
  /** stable identifier, `<entity>.<field>`: used in URLs, exports and the workflow tables */
  kind: string
  /** the table and JSON column published translations are written to */
  table: keyof Database & string
  column: string
  /** key in the `translations` locale namespace naming this kind of text for translators */
  labelKey: string
  /** long texts get a textarea in the editor */
  multiline: boolean
  /** the longest translation accepted; default `defaultMaxLength(multiline)` (see maxLengthOf) */
  maxLength?: number
  /** the rows of this field, with their reach; `ids` narrows to some rows */
  rows: (db: Kysely<Database>, ids?: readonly string[]) => Promise<TranslatableRow[]>
}

// Limits shared by the server (schemas, submit, imports) and the editor's `maxlength`: this module
// is not `.server`, so the browser bundle gets the same numbers (a `.server` value is undefined
// there and breaks hydration).
/** The longest translation of any text (the longest field's limit). */
export const MAX_TRANSLATION_LENGTH = 20_000
/** The longest note a reviewer writes when returning a translation. */
export const MAX_NOTE_LENGTH = 2_000

/** A title or a name is short; a body, a description, a statement is long. */
export const defaultMaxLength = (multiline: boolean): number => (multiline ? MAX_TRANSLATION_LENGTH : 300)

/**
 * The longest translation of one text: the field's limit, but never less than twice the original
 * (a language may need more words than the original's, and the original was accepted by its own form).
 */
export const maxLengthOf = (
  field: Pick<TranslatableField, 'maxLength' | 'multiline'>,
  original: string,
): number =>
  Math.min(
    MAX_TRANSLATION_LENGTH,
    Math.max(field.maxLength ?? defaultMaxLength(field.multiline), 2 * original.length),
  )

/**
 * The ids a registry field's `rows` narrows to, for `where(id, 'in', …)`: an empty list matches
 * nothing (SQL has no empty IN list, so it becomes one id no row has).
 */
export const idsIn = (ids: readonly string[]): readonly string[] => (ids.length ? ids : [''])
