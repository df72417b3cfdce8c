import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  readonly mailFrom: string;
  readonly rcptTo: string[];
  /** The session was TLS (implicit or after STARTTLS) when the message arrived. */
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly subject: string;
  readonly body: string;
}

/** Header fields are folded onto several lines when long; this joins them again. */
function unfold(headers: string): string {
  return headers.replace(/\r\n[ \t]+/g, ' ');
}

/** The text body, quoted-printable decoded when it was sent that way. */
function decodeBody(headers: string, body: string): string {
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return body;
  const bytes = body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function readMessage(raw: string): { subject: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = unfold(raw.slice(0, split));
  const subject = /^subject: (.*)$/im.exec(headers)?.[1] ?? '';
  return { subject, body: decodeBody(headers, raw.slice(split + 4)) };
}

/**
 * An SMTP server on 127.0.0.1 (the smtp-server package) that keeps every message. `options` sets
 * TLS and authentication; `logins` counts AUTH attempts, accepted or not.
 */
export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  logins = 0;
  readonly #server: SMTPServer;

  constructor(options: SMTPServerOptions, accept: { username: string; password: string } | null) {
    this.#server = new SMTPServer({
      logger: false,
      authOptional: accept === null,
      ...options,
      onAuth: (auth, _session, callback) => {
        this.logins += 1;
        const ok = accept && auth.username === accept.username && auth.password === accept.password;
        if (ok) callback(null, { user: auth.username });
        else callback(new Error('535 Authentication failed'));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const { envelope } = session;
          this.mails.push({
            mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
            rcptTo: envelope.rcptTo.map((recipient) => recipient.address),
            secure: session.secure,
            user: typeof session.user === 'string' ? session.user : undefined,
            ...readMessage(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        });
      },
    });
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return (this.#server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
