// One way of delivering outbox messages of a channel (SMTP for e-mail, Kannel for SMS). The outbox
// loop (outbox.server.ts) claims, retries and gives up the same way for every channel; a transport
// only sends one message, and says by the error it throws whether trying again could help.
export type ChannelMessage = {
  id: string
  to: string
  subject: string
  body: string
  language: string
  /** E-mail only: one attached file (a convocation's iCalendar). */
  attachment?: { name: string; content: string }
}

export type ChannelTransport = { send(message: ChannelMessage): Promise<void> }

/** A failed send: `code` is recorded (never the message or the address), `permanent` gives up. */
export class DeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(code)
  }
}
