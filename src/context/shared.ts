/**
 * What the Context Engine's page half and worker half (workers/context/) both name: the channel that
 * carries Mind and cortex writes between tabs and workers, and the fusion's default channel weights
 * (public, so a caller can read what the ranking uses). Values here, so the page never loads worker code.
 */

export type Channel = "lexical" | "semantic" | "cosine" | "meaning";
export type ChannelWeights = Record<Channel, number>;

/**
 * Weights were chosen on the labelled set in test/context/ (README "Recall quality"): the user's
 * words lead, a relationship name counts nearly as much (it is what the user meant), neighbours and
 * meaning help where words fail, cosine breaks ties.
 */
export const DEFAULT_CHANNEL_WEIGHTS: ChannelWeights = {
  lexical: 1,
  semantic: 0.35,
  cosine: 0.15,
  meaning: 0.3,
};

/** The BroadcastChannel on which the page announces Mind and cortex writes to every worker of a profile. */
export function contextChannelName(dbName: string): string {
  return `phoenix-context:${dbName}`;
}
