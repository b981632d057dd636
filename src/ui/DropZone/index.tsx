/**
 * A file picker that also takes a dropped file. The <input type="file"> inside is the keyboard and
 * screen-reader path; dropping is a shortcut for pointer users, so the zone itself is not focusable.
 */
import { useId, useState } from "preact/hooks";
import "./style.css";

export interface DropZoneProps {
  label: string;
  accept: string;
  onFile: (file: File) => void;
  testId: string;
  disabled?: boolean;
}

export function DropZone({ label, accept, onFile, testId, disabled = false }: DropZoneProps) {
  const id = useId();
  const [over, setOver] = useState(false);

  return (
    <div
      class={`drop-zone${over ? " drop-zone--over" : ""}`}
      data-testid={`${testId}-zone`}
      onDragEnter={(event) => {
        event.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragOver={(event) => {
        // Without preventDefault the browser would open the file instead of dropping it here.
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = disabled ? "none" : "copy";
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer?.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      <label for={id} class="drop-zone__label">
        {label}
      </label>
      <p class="field__hint">or drop the file here</p>
      <input
        id={id}
        type="file"
        accept={accept}
        disabled={disabled}
        data-testid={testId}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) onFile(file);
          // Choosing the same file again must fire change again.
          event.currentTarget.value = "";
        }}
      />
    </div>
  );
}
