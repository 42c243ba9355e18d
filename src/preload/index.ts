// Placeholder until the Electron shell lands: exposes nothing yet.
export {};
