// Whether this worker's WebGL is drawn by a real GPU. Headless and GPU-less browsers give a software renderer
// (SwiftShader, llvmpipe) on which tfjs's webgl backend trains conv nets far slower than its wasm backend, so
// the backend choice skips webgl there.

/** The unmasked renderer string of a WebGL context in this worker, or undefined when there is none. */
export function webglRenderer(): string | undefined {
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext("webgl2") ?? canvas.getContext("webgl")) as WebGLRenderingContext | null;
    if (!gl) return undefined;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return typeof renderer === "string" ? renderer : undefined;
  } catch {
    return undefined;
  }
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export const isSoftwareRenderer = (renderer: string | undefined): boolean =>
  renderer !== undefined && SOFTWARE.test(renderer);
