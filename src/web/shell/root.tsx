import {
  createTheme,
  darken,
  defaultVariantColorsResolver,
  MantineProvider,
  NavLink,
  parseThemeColor,
  type CSSVariablesResolver,
  type VariantColorsResolver,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { ApiError } from '../lib/api';
import { i18n } from '../lib/i18n';
import { router } from './routes';

// Light variants (badges, alerts) put shade 9 text on a pale background: for yellow, orange and
// green that is below the 4.5:1 contrast WCAG asks for, so their text is darkened.
const variantColorResolver: VariantColorsResolver = (input) => {
  const result = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') {
    return result;
  }
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  const shades = parsed.isThemeColor ? input.theme.colors[parsed.color] : undefined;
  return shades ? { ...result, color: darken(shades[9], 0.4) } : result;
};

const theme = createTheme({
  variantColorResolver,
  components: {
    // The active navigation link is a light variant too, but Mantine gives a NavLink without a
    // variant its default light colours: shade 9 on shade 1 (4.9:1), shade 2 under the pointer
    // (4.0:1), and the role under the user's name at 90 % opacity (4.1:1 and 3.4:1), below the
    // 4.5:1 of WCAG 1.4.3. Naming the variant sends it through the resolver above: 9.1:1 and
    // 7.0:1 at rest, 7.5:1 and 5.9:1 under the pointer.
    NavLink: NavLink.extend({ defaultProps: { variant: 'light' } }),
  },
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

// Mantine's dimmed grey (#868e96) is below 4.5:1 on white: a darker grey keeps secondary text readable.
const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057' },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // A refusal will not change by asking again; a network hiccup may.
      retry: (count, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
    },
  },
});

// Answers carry server text in the language asked for (Accept-Language): a switch asks again.
i18n.on('languageChanged', () => {
  void queryClient.invalidateQueries();
});

export function Root() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      {/* At the bottom: toasts never cover the header's language switch or "Sign out" (issue 12). */}
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
