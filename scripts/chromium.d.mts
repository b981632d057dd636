export declare const CHROMIUM_ARGS: readonly string[];
/** The first usable Chromium binary, or undefined. $CHROMIUM_PATH wins when set. */
export declare function locateChromium(): string | undefined;
/** A Chromium binary path; installs Chromium with apt-get when missing and allowed, else throws how to install. */
export declare function ensureChromium(): string;
