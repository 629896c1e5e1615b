// The whole config as JSON, editable: every field, including those without a control.
import { useEffect, useState } from "react";

export function ConfigEditor({
  config,
  disabled,
  onApply,
}: {
  config: Record<string, unknown>;
  disabled: boolean;
  onApply: (c: Record<string, unknown>) => void;
}) {
  const text = JSON.stringify(config, null, 1);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setDraft(text), [text]);
  return (
    <details className="config-editor">
      <summary>config JSON (every field)</summary>
      <textarea
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        rows={14}
        disabled={disabled}
        data-testid="config-json"
      />
      <button
        type="button"
        disabled={disabled}
        onClick={() => {
          try {
            onApply(JSON.parse(draft));
            setError(undefined);
          } catch (e) {
            setError((e as Error).message);
          }
        }}
      >
        apply
      </button>
      {error && <span className="error">{error}</span>}
    </details>
  );
}
