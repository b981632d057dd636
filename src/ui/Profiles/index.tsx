/**
 * Profiles on the Settings page: each profile is its own database. Create one, switch to it (the app
 * reopens on it), or delete one after typing its name (the open profile cannot be deleted).
 */
import { useCallback, useEffect, useId, useState } from "preact/hooks";
import type { Phoenix, ProfileInfo } from "../../index.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

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

  return (
    <section class="card" aria-labelledby={`${id}-title`} data-testid="settings-profiles">
      <h2 id={`${id}-title`}>Profiles</h2>
      <p class="field__hint">Each profile is a separate memory (its own database). This one: {phoenix.name}.</p>
      <ul class="entries" aria-label="Profiles">
        {profiles.map((profile) => (
          <li key={profile.name} class="entry" data-testid="profile-item" data-name={profile.name}>
            <p class="entry__text">
              {profile.name} {profile.open ? <strong>(open)</strong> : null}
            </p>
            {!profile.open && (
              <div class="button-row">
                <button type="button" class="button button--small" disabled={action.busy} onClick={() => switchTo(profile.name)}>
                  Switch<span class="visually-hidden"> to {profile.name}</span>
                </button>
                <button
                  type="button"
                  class="button button--small button--danger"
                  disabled={action.busy}
                  onClick={() => {
                    setDeleting(profile.name);
                    setTyped("");
                  }}
                >
                  Delete<span class="visually-hidden"> {profile.name}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {deleting && (
        <form class="form" onSubmit={confirmDelete} data-testid="profile-delete-form">
          <label for={`${id}-confirm`}>
            Type <strong>{deleting}</strong> to delete this profile and all its data for good
          </label>
          <input id={`${id}-confirm`} data-testid="profile-delete-confirm" value={typed} autoComplete="off" onInput={(event) => setTyped(event.currentTarget.value)} />
          <div class="button-row">
            <button type="submit" class="button button--danger" disabled={action.busy || typed !== deleting} data-testid="profile-delete">
              Delete {deleting}
            </button>
            <button type="button" class="button" onClick={() => setDeleting(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <form class="form" onSubmit={create}>
        <label for={`${id}-new`}>New profile name</label>
        <input id={`${id}-new`} data-testid="profile-new-name" value={newName} autoComplete="off" onInput={(event) => setNewName(event.currentTarget.value)} />
        <div class="button-row">
          <button type="submit" class="button" disabled={action.busy || newName.trim() === ""} data-testid="profile-create">
            Create profile
          </button>
        </div>
      </form>
      <Status status={action.status} error={action.error} testId="profiles" />
    </section>
  );
}
