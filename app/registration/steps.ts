// The steps of self-registration, in order (shared by the wizard's page and its server side).
export const STEPS = ['about', 'home', 'document', 'contact', 'review'] as const
export type Step = (typeof STEPS)[number]
export type FormStep = Exclude<Step, 'review'>
