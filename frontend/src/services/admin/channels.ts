import {
  apiPath,
  type Channel,
  type CreateChannelRequest,
  type CreateChannelResponse,
  channelResponseSchema,
  channelsResponseSchema,
  createChannelResponseSchema,
  type DeliveriesPage,
  type Delivery,
  deliveriesResponseSchema,
  deliveryResponseSchema,
  type UpdateChannelRequest,
} from '@spendscope/contracts';
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { apiNoContent, apiRequest } from '../apiClient.ts';
import { queryScopes } from '../queryKeys.ts';

/** Every notification channel (admins only). */
export async function getChannels(signal?: AbortSignal): Promise<Channel[]> {
  const { channels } = await apiRequest(apiPath.adminChannels(), channelsResponseSchema, { signal });
  return channels;
}

/** Adds a channel; a webhook's signing secret is in this reply only. */
export async function createChannel(request: CreateChannelRequest): Promise<CreateChannelResponse> {
  return apiRequest(apiPath.adminChannels(), createChannelResponseSchema, { method: 'POST', body: request });
}

export async function updateChannel(channelId: string, changes: UpdateChannelRequest): Promise<Channel> {
  const { channel } = await apiRequest(apiPath.adminChannel(channelId), channelResponseSchema, {
    method: 'PATCH',
    body: changes,
  });
  return channel;
}

export async function deleteChannel(channelId: string): Promise<void> {
  await apiNoContent(apiPath.adminChannel(channelId), { method: 'DELETE' });
}

/** Queues a test delivery to the channel; the worker sends it like any alert. */
export async function sendTestDelivery(channelId: string): Promise<Delivery> {
  const { delivery } = await apiRequest(apiPath.adminChannelTest(channelId), deliveryResponseSchema, {
    method: 'POST',
  });
  return delivery;
}

/** One page of a channel's deliveries, newest first. */
export async function getDeliveries(
  channelId: string,
  cursor?: string,
  signal?: AbortSignal,
): Promise<DeliveriesPage> {
  return apiRequest(apiPath.adminChannelDeliveries(channelId), deliveriesResponseSchema, {
    query: { cursor },
    signal,
  });
}

/** Makes a delivery due now (a failed or dead one is tried again). */
export async function retryDelivery(deliveryId: string): Promise<Delivery> {
  const { delivery } = await apiRequest(apiPath.adminDeliveryRetry(deliveryId), deliveryResponseSchema, {
    method: 'POST',
  });
  return delivery;
}

const channelsScope = [...queryScopes.admin, 'channels'] as const;

export const channelsQueryOptions = () =>
  queryOptions({ queryKey: channelsScope, queryFn: ({ signal }) => getChannels(signal) });

/** How often an open delivery log is refreshed while a delivery in it is still on its way. */
export const DELIVERY_LOG_REFRESH_MS = 2000;

const isSettled = (delivery: Delivery) => delivery.status === 'delivered' || delivery.status === 'dead';

export const deliveriesQueryOptions = (channelId: string) =>
  infiniteQueryOptions({
    queryKey: [...channelsScope, channelId, 'deliveries'] as const,
    queryFn: ({ pageParam, signal }) => getDeliveries(channelId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** A channel's delivery log, refreshed while any delivery shown is pending, sending or failed. */
export function useDeliveries(channelId: string) {
  return useInfiniteQuery({
    ...deliveriesQueryOptions(channelId),
    select: (data): Delivery[] => data.pages.flatMap((page) => page.deliveries),
    refetchInterval: (query) => {
      const shown = query.state.data?.pages.flatMap((page) => page.deliveries) ?? [];
      return shown.some((d) => !isSettled(d)) ? DELIVERY_LOG_REFRESH_MS : false;
    },
  });
}

function useRefreshChannels() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: channelsScope });
}

export function useCreateChannel() {
  const refresh = useRefreshChannels();
  return useMutation({ mutationFn: createChannel, onSuccess: refresh });
}

export function useUpdateChannel() {
  const refresh = useRefreshChannels();
  return useMutation({
    mutationFn: ({ channelId, changes }: { channelId: string; changes: UpdateChannelRequest }) =>
      updateChannel(channelId, changes),
    onSuccess: refresh,
  });
}

export function useDeleteChannel() {
  const refresh = useRefreshChannels();
  return useMutation({ mutationFn: deleteChannel, onSuccess: refresh });
}

/** A test delivery or a retry changes the channel's log: refetch it. */
export function useSendTestDelivery(channelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendTestDelivery(channelId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliveriesQueryOptions(channelId).queryKey }),
  });
}

export function useRetryDelivery(channelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryDelivery,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliveriesQueryOptions(channelId).queryKey }),
  });
}
