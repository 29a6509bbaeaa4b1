import { useNavigate } from 'react-router';
import { providerPath } from '../app/pagePaths.ts';
import { useUserLink } from '../components/session/viewer.ts';
import { FEATURE_FLAGS } from '../services/session/featureFlags.ts';
import { useFeatureFlag } from './useFeatureFlag.ts';

/** Opens a provider's drill-down page for the viewed user; undefined while the drill-down is off. */
export function useOpenProvider(): ((provider: string) => void) | undefined {
  const userLink = useUserLink();
  const navigate = useNavigate();
  const hasDrilldown = useFeatureFlag(FEATURE_FLAGS.providerDrilldown);
  if (!hasDrilldown) return undefined;
  return (provider: string) => {
    void navigate(userLink(providerPath(provider)));
  };
}
