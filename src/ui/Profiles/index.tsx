/**
 * Profiles on the Settings page: each profile is its own database. Create one, switch to it (the app
 * reopens on it), or delete one after typing its name (the open profile cannot be deleted).
 */
import { useCallback, useEffect, useId, useState } from "preact/hooks";
import type { Phoenix, ProfileInfo } from "../../index.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { DeleteProfileForm, NewProfileForm, ProfileList } from "./parts.js";

export function Profiles({ phoenix }: { phoenix: Phoenix }) {
  const id = useId();
  const [profiles, setProfiles] = useState<ProfileInfo[]>([]);
  const [newName, setNewName] = useState("");
  const [deleting, setDeleting] = useState<string | undefined>(undefined);
  const [typed, setTyped] = useState("");
  const action = useAction();

  const load = useCallback(() => {
    void action.run(async () => {
      setProfiles(await phoenix.profiles.list());
    });
  }, [phoenix]);
  useEffect(load, [load]);

  const create = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const made = await phoenix.profiles.create(newName.trim());
      setNewName("");
      setProfiles(await phoenix.profiles.list());
      return `Profile "${made.name}" created.`;
    });
  };

  const switchTo = (name: string) => {
    void action.run(async () => {
      await phoenix.profiles.switch(name);
      return `Switched to "${name}".`;
    });
  };

  const confirmDelete = (event: Event) => {
    event.preventDefault();
    const name = deleting;
    if (!name) return;
    void action.run(async () => {
      await phoenix.profiles.delete(name, typed);
      setDeleting(undefined);
      setTyped("");
      setProfiles(await phoenix.profiles.list());
      return `Profile "${name}" deleted.`;
    });
  };

  const startDelete = (name: string) => {
    setDeleting(name);
    setTyped("");
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`} data-testid="settings-profiles">
      <h2 id={`${id}-title`}>Profiles</h2>
      <p class="field__hint">Each profile is a separate memory (its own database). This one: {phoenix.name}.</p>
      <ProfileList profiles={profiles} busy={action.busy} onSwitch={switchTo} onDelete={startDelete} />
      {deleting && (
        <DeleteProfileForm id={id} deleting={deleting} typed={typed} busy={action.busy} onTyped={setTyped} onSubmit={confirmDelete} onCancel={() => setDeleting(undefined)} />
      )}
      <NewProfileForm id={id} newName={newName} busy={action.busy} onNewName={setNewName} onSubmit={create} />
      <Status status={action.status} error={action.error} testId="profiles" />
    </section>
  );
}
