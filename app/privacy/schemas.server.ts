import { z } from 'zod'

// Messages are validation-namespace keys (see app/lib/forms.ts).

export const EraseSchema = z.object({
  confirm: z.literal('yes', { errorMap: () => ({ message: 'confirm_required' }) }),
  password: z.string({ required_error: 'required' }).min(1, 'required').max(200, 'too_long'),
})
