/**
 * The pieces of the Profiles card: the list with Switch and Delete, the form that deletes a profile once
 * its name is typed, and the form that creates one. Profiles keeps the state and the calls; these only
 * draw and report.
 */
import type { ProfileInfo } from "../../index.js";

export interface ProfileListProps {
  profiles: readonly ProfileInfo[];
  busy: boolean;
  onSwitch: (name: string) => void;
  onDelete: (name: string) => void;
}

export function ProfileList({ profiles, busy, onSwitch, onDelete }: ProfileListProps) {
  return (
    <ul class="entries" aria-label="Profiles">
      {profiles.map((profile) => (
        <li key={profile.name} class="entry" data-testid="profile-item" data-name={profile.name}>
          <p class="entry__text">
            {profile.name} {profile.open ? <strong>(open)</strong> : null}
          </p>
          {!profile.open && (
            <div class="button-row">
              <button type="button" class="button button--small" disabled={busy} onClick={() => onSwitch(profile.name)}>
                Switch<span class="visually-hidden"> to {profile.name}</span>
              </button>
              <button type="button" class="button button--small button--danger" disabled={busy} onClick={() => onDelete(profile.name)}>
                Delete<span class="visually-hidden"> {profile.name}</span>
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

export interface DeleteProfileFormProps {
  id: string;
  deleting: string;
  typed: string;
  busy: boolean;
  onTyped: (typed: string) => void;
  onSubmit: (event: Event) => void;
  onCancel: () => void;
}

export function DeleteProfileForm({ id, deleting, typed, busy, onTyped, onSubmit, onCancel }: DeleteProfileFormProps) {
  return (
    <form class="form" onSubmit={onSubmit} data-testid="profile-delete-form">
      <label for={`${id}-confirm`}>
        Type <strong>{deleting}</strong> to delete this profile and all its data for good
      </label>
      <input id={`${id}-confirm`} data-testid="profile-delete-confirm" value={typed} autoComplete="off" onInput={(event) => onTyped(event.currentTarget.value)} />
      <div class="button-row">
        <button type="submit" class="button button--danger" disabled={busy || typed !== deleting} data-testid="profile-delete">
          Delete {deleting}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export interface NewProfileFormProps {
  id: string;
  newName: string;
  busy: boolean;
  onNewName: (name: string) => void;
  onSubmit: (event: Event) => void;
}

export function NewProfileForm({ id, newName, busy, onNewName, onSubmit }: NewProfileFormProps) {
  return (
    <form class="form" onSubmit={onSubmit}>
      <label for={`${id}-new`}>New profile name</label>
      <input id={`${id}-new`} data-testid="profile-new-name" value={newName} autoComplete="off" onInput={(event) => onNewName(event.currentTarget.value)} />
      <div class="button-row">
        <button type="submit" class="button" disabled={busy || newName.trim() === ""} data-testid="profile-create">
          Create profile
        </button>
      </div>
    </form>
  );
}
