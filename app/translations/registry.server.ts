import { consultationFields } from '../consultations/translatable.server'
import { conferenceFields } from '../conference/translatable.server'
import { councilFields } from '../council/translatable.server'
import { pollingFields } from '../elections/polling-translatable.server'
import { electionFields } from '../elections/translatable.server'
import { planFields } from '../plan/translatable.server'
import type { TranslatableField } from './fields'

export { REACH, type Reach, type TranslatableField, type TranslatableRow } from './fields'

// Every text that people author and others read, in one list (ADR 027). The translators' queue,
// the editor, publishing, and import/export work from this registry, so a feature becomes
// translatable by adding its fields here — not by building its own translation screens.

// Each feature lists its own fields in app/<feature>/translatable.server.ts (Decidim's per-feature
// modules); this is the one place that gathers them.
export const TRANSLATABLE_FIELDS: readonly TranslatableField[] = [
  ...electionFields,
  ...planFields,
  ...consultationFields,
  ...conferenceFields,
  ...councilFields,
  ...pollingFields,
]

export function translatableField(kind: string): TranslatableField | undefined {
  return TRANSLATABLE_FIELDS.find((f) => f.kind === kind)
}
