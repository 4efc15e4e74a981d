// @asyncapi/generator ships no types: the part of its API codegen calls.
declare module "@asyncapi/generator" {
  interface GeneratorOptions {
    forceWrite?: boolean;
    templateParams?: Record<string, string>;
  }
  export default class Generator {
    constructor(templateName: string, targetDir: string, options?: GeneratorOptions);
    generateFromFile(path: string): Promise<unknown>;
  }
}
