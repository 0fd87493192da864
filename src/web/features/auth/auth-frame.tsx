import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../shell/language-switch';

/** The frame of the pages seen before signing in. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box bg="gray.0" mih="100vh">
      <Group component="header" justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center px="md">
        <Box component="main" w="100%" maw={420}>
          <Stack gap="xs" mb="lg" ta="center">
            <Text fw={700} size="xl">
              {t('shell.brand')}
            </Text>
            <Text c="dimmed" size="sm">
              {t('shell.programName')}
            </Text>
          </Stack>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            <Title order={1} size="h3" mb="md">
              {title}
            </Title>
            {children}
          </Paper>
        </Box>
      </Center>
    </Box>
  );
}
