/** The wire contract: limits, inputs and outputs of every operation, shared by all surfaces. */
export * from "./limits.js";
export * from "./inputs.js";
export * from "./outputs.js";
