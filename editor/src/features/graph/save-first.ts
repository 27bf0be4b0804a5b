import type { AppDispatch, RootState } from '../../store/store.ts';
import { saveGraph, selectIsDirty } from './graphSlice.ts';

/**
 * Validate, publish and test run work on the stored draft, so unsaved edits are saved first; a failed save
 * (a conflict, say) stops them with its own error.
 */
export async function saveFirst(dispatch: AppDispatch, getState: () => RootState): Promise<void> {
  if (selectIsDirty(getState())) await dispatch(saveGraph()).unwrap();
}
