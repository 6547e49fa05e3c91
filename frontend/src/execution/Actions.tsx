/** Stop (with error and cause), redrive, run again, copy id / ARN, open in the designer. */

import { useState, type ReactNode } from "react";
import { ENDED_BADLY, type PageConfig } from "./config";

export function PostButton({
  config,
  url,
  testid,
  className = "btn",
  children,
}: {
  config: PageConfig;
  url: string;
  testid: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form method="post" action={url} className="inline">
      <input type="hidden" name="csrfmiddlewaretoken" value={config.csrf} />
      <button className={className} type="submit" data-testid={testid}>
        {children}
      </button>
    </form>
  );
}

export function Actions({ config, status }: { config: PageConfig; status: string }) {
  const [stopping, setStopping] = useState(false);
  const operate = config.can.operate;
  return (
    <div className="actions bt-exec-actions">
      {operate && status === "RUNNING" ? (
        <button
          type="button"
          className="btn danger"
          data-testid="stop-execution"
          aria-expanded={stopping}
          onClick={() => setStopping(!stopping)}
        >
          ■ Stop…
        </button>
      ) : null}
      {operate && ENDED_BADLY.includes(status) ? (
        <PostButton config={config} url={config.urls.redrive} testid="redrive-execution">
          ↻ Redrive
        </PostButton>
      ) : null}
      {operate && status !== "RUNNING" && !config.test_run ? (
        <PostButton config={config} url={config.urls.rerun} testid="rerun-execution">
          ▶ Run again
        </PostButton>
      ) : null}
      <CopyButton text={config.id} label="Copy id" testid="copy-id" />
      <CopyButton text={config.arn} label="Copy ARN" testid="copy-arn" />
      {config.urls.designer ? (
        <a className="btn" href={config.urls.designer} data-testid="open-designer">
          Open in designer
        </a>
      ) : null}
      {stopping && status === "RUNNING" ? (
        <StopForm config={config} onCancel={() => setStopping(false)} />
      ) : null}
    </div>
  );
}

function StopForm({ config, onCancel }: { config: PageConfig; onCancel: () => void }) {
  return (
    <form
      method="post"
      action={config.urls.stop}
      className="bt-stop-form card"
      data-testid="stop-form"
      aria-label="Stop the execution"
    >
      <input type="hidden" name="csrfmiddlewaretoken" value={config.csrf} />
      <label>
        Error <input name="error" maxLength={256} placeholder="e.g. Operator.Stopped" />
      </label>
      <label>
        Cause <textarea name="cause" rows={2} maxLength={32768} placeholder="Why it is stopped" />
      </label>
      <div className="bt-stop-form__buttons">
        <button className="btn danger" type="submit" data-testid="stop-confirm">
          Stop the execution
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CopyButton({ text, label, testid }: { text: string; label: string; testid: string }) {
  const [done, setDone] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => {
      setDone(true);
      window.setTimeout(() => setDone(false), 1500);
    });
  };
  return (
    <button type="button" className="btn" data-testid={testid} onClick={copy} title={text}>
      {done ? "Copied ✓" : label}
    </button>
  );
}
