import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { createApiClient } from './api-client';
import type { ApiClient } from './api-client';

const defaultClient = createApiClient();
const ApiContext = createContext<ApiClient>(defaultClient);

/** Supplies the API client to the tree; tests hand in one pointed at a local server. */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

/** The API client of the nearest provider (same-origin by default). */
export function useApi(): ApiClient {
  return useContext(ApiContext);
}
