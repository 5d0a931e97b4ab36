/** What to tell someone whose machine has no Electron runtime. */
export declare const INSTALL_ELECTRON: string;
/** The Electron executable if it is on disk, else undefined. Never downloads. */
export declare function electronBinary(): string | undefined;
