import { z } from 'zod';
import { errorBody } from '../../common/errors.ts';

/** Route schema pieces every module uses: a resource id in the path, and the error answers of the API's shape. */
export const idParams = z.object({ id: z.string().uuid() });

export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
};
