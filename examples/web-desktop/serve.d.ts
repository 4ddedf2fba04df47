/** The types of serve.js, for the TypeScript that imports it (its tests). */
export declare const MANIFEST: string;
export declare function buildWebDesktop(): Promise<void>;
export declare function serveWebDesktop(options: {
  port?: number;
  host?: string;
  gatewayUrl: string | Promise<string>;
}): Promise<{ url: string; close(): Promise<void> }>;
