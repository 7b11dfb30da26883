// jsdom for the component tests, with the platform's Web API globals (fetch, streams, encoders)
// that jsdom lacks, as Backstage's own test environment does.
const JSDOMEnvironment = require('@jest/environment-jsdom-abstract').default;
const jsdom = require('jsdom');

class FixedJSDOMEnvironment extends JSDOMEnvironment {
  constructor(config, context) {
    super(config, context, jsdom);
    const g = this.global;
    Object.assign(g, {
      TextDecoder, TextEncoder, TextDecoderStream, TextEncoderStream, ReadableStream, WritableStream, TransformStream,
      Blob, Headers, FormData, Request, Response, fetch, AbortController, AbortSignal, structuredClone, URL,
      URLSearchParams, BroadcastChannel,
    });
    // Errors thrown by the native APIs above must pass `instanceof Error` in tests.
    g.Error = Error;
  }
}

module.exports = FixedJSDOMEnvironment;
