/**
 * What the sentence model keeps per profile, by name: the database of its vectors and of the
 * embedder in charge, `<profile>:model-vectors`, beside the profile's own. One place for the name,
 * because three parts reach it: the worker that writes it (workers/models/vectors.ts), the worker's
 * start-up probe (workers/models/lazy.ts), and profile deletion (src/settings/profiles.ts), which must
 * delete it with the profile. Model files are per origin (Cache Storage), shared by every profile.
 * A profile name cannot contain ":" (src/settings/profiles.ts), so no profile is named like these.
 */
export function modelVectorsDbName(profile: string): string {
  return `${profile}:model-vectors`;
}

/** Every database the model feature keeps for `profile`. */
export function modelDatabases(profile: string): string[] {
  return [modelVectorsDbName(profile)];
}
