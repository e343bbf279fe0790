import { useEffect, useState } from 'react';

type Language = typeof import('../../shared/language');

let loading: Promise<Language> | undefined;
let loaded: Language | undefined;

/** The language tools if their chunk has loaded, else undefined. */
export const loadedLanguage = (): Language | undefined => loaded;

/** Loads the language tools once, in their own chunk. */
export function loadLanguage(): Promise<Language> {
  loading ??= import('../../shared/language').then((language) => (loaded = language));
  return loading;
}

/**
 * The language tools the checks read with (`shared/language`), or undefined while their chunk loads: the page paints
 * first, the checks follow.
 */
export function useLanguage(): Language | undefined {
  const [language, setLanguage] = useState(loaded);
  useEffect(() => {
    if (language) return;
    let current = true;
    void loadLanguage().then((module) => current && setLanguage(module));
    return () => {
      current = false;
    };
  }, [language]);
  return language;
}
