import { z } from "zod";

/** A unit id: `PAN` and three digits, e.g. `PAN001`. */
export const UNIT_ID_PATTERN = /^PAN\d{3}$/;
/** A camera id: six hexadecimal characters (lower case), e.g. `14d3bd`. */
export const CAMERA_ID_PATTERN = /^[0-9a-f]{6}$/;
/** A compact UTC time stamp: `YYYYMMDDTHHMMSS`. */
export const TIMESTAMP_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/;

export const UnitId = z
  .string()
  .regex(UNIT_ID_PATTERN, "unit_id must be PAN followed by 3 digits, e.g. PAN001");
export type UnitId = z.infer<typeof UnitId>;

export const CameraId = z
  .string()
  .regex(CAMERA_ID_PATTERN, "camera_id must be 6 lower-case hexadecimal characters, e.g. 14d3bd");
export type CameraId = z.infer<typeof CameraId>;
