/** Whether parsed YAML/JSON data is a capture file of public/capture.sh (by its `format`); no schema, so the loader can ask cheaply. */
export const isCapture = (data: unknown): boolean => typeof data === 'object' && data !== null && (data as { format?: unknown }).format === 'packetwalk-capture';
