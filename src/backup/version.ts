/** The app version written into every manifest, from package.json (the bundler inlines only this field). */
import { version } from "../../package.json";

export const APP_VERSION: string = version;
