import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What a receiver answered, or why it did not: kept as the delivery's last answer. */
export interface Outcome {
  ok: boolean;
  status: number | null;
  /** The status line and the start of the body, or the error. */
  answer: string;
}

/** How much of a receiver's body is kept for the deliveries control route. */
const KEPT_BODY = 500;

/**
 * POSTs bodies to webhook URLs over kept-alive connections. Every attempt ends within the
 * timeout whatever the receiver does: hanging, resetting, or answering slowly.
 */
export class Sender {
  private readonly agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  };

  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
    return new Promise<Outcome>((resolve) => {
      let done = false;
      const finish = (outcome: Outcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const fail = (error: Error) =>
        finish({
          ok: false,
          status: null,
          answer: (error as { code?: string }).code ?? error.message,
        });
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return fail(new Error(`not a URL: ${url}`));
      }
      const protocol = target.protocol as keyof typeof this.agents;
      if (!(protocol in this.agents)) return fail(new Error(`not an http(s) URL: ${url}`));
      const send = protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(target, {
        method: 'POST',
        agent: this.agents[protocol],
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          // The process id tells apart the sandboxes that share one database.
          'user-agent': `partnero-sandbox (pid ${process.pid})`,
          ...headers,
        },
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish({ ok: false, status: null, answer: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      req.on('error', fail);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        let kept = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (kept.length < KEPT_BODY) kept += chunk.slice(0, KEPT_BODY - kept.length);
        });
        res.on('error', fail);
        res.on('end', () =>
          finish({
            ok: status >= 200 && status < 300,
            status,
            answer: `${status} ${res.statusMessage ?? ''}`.trim() + (kept ? `: ${kept}` : ''),
          }),
        );
        res.on('close', () => {
          if (!res.complete) fail(new Error('the connection closed before the answer ended'));
        });
      });
      req.end(body);
    });
  }

  close() {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }
}
