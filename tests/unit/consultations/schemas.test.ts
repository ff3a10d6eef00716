import { describe, expect, it } from 'vitest'
import {
  AnswersSchema,
  StatusSchema,
  TranslationLanguageSchema,
} from '../../../app/consultations/schemas.server'
import { formObject } from '../../../app/lib/form-object'

describe('consultation form schemas', () => {
  it('reads every ticked box of a question: q_<id> fields become lists keyed by question id', () => {
    const post = new FormData()
    post.append('q_single', 'o2')
    post.append('q_multi', 'o1')
    post.append('q_multi', 'o3')
    post.append('q_text', 'x'.repeat(2500))
    post.append('other', 'ignored')
    const parsed = AnswersSchema.parse(formObject(post, { listMaps: { answers: 'q_' } }))
    expect(parsed.answers).toEqual({ single: ['o2'], multi: ['o1', 'o3'], text: ['x'.repeat(2000)] })
  })

  it('moves a consultation to any later status, never back to a draft', () => {
    expect(StatusSchema.safeParse({ to: 'closed' }).success).toBe(true)
    expect(StatusSchema.safeParse({ to: 'draft' }).success).toBe(false)
  })

  it('translates into every language but the official pt-BR', () => {
    expect(TranslationLanguageSchema.options).toEqual(['es', 'en', 'fr', 'ht', 'ar', 'zh'])
  })
})
