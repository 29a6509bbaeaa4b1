import nodemailer from 'nodemailer';
import type { Mailer } from './senders.ts';

export type SmtpSettings = {
  SMTP_URL?: string | undefined;
  SMTP_HOST?: string | undefined;
  SMTP_PORT?: number | undefined;
  SMTP_SECURE?: boolean | undefined;
  SMTP_USER?: string | undefined;
  SMTP_PASS?: string | undefined;
  SMTP_FROM: string;
};

/**
 * A mailer over SMTP (nodemailer), from SMTP_URL or SMTP_HOST/PORT/SECURE/USER/PASS; undefined when
 * neither is set (email deliveries then fail with that reason, visible in the delivery log).
 */
export function createSmtpMailer(settings: SmtpSettings): (Mailer & { close(): void }) | undefined {
  const transport = settings.SMTP_URL
    ? nodemailer.createTransport(settings.SMTP_URL)
    : settings.SMTP_HOST
      ? nodemailer.createTransport({
          host: settings.SMTP_HOST,
          port: settings.SMTP_PORT ?? 587,
          secure: settings.SMTP_SECURE ?? false,
          ...(settings.SMTP_USER
            ? { auth: { user: settings.SMTP_USER, pass: settings.SMTP_PASS ?? '' } }
            : {}),
        })
      : undefined;
  if (!transport) return undefined;
  return {
    async send(message) {
      await transport.sendMail({
        from: settings.SMTP_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
    close: () => transport.close(),
  };
}
